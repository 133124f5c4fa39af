console.log('keyless');
