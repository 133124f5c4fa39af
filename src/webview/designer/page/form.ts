// The designer's form controls: @vscode-elements/elements selects and text fields with their labels and helper
// text wired for screen readers.
import type { FieldView } from '../../../core/design';
import { el } from '../../shared/dom';

export interface Option {
  readonly value: string;
  readonly label: string;
}

function choices(options: readonly Option[], value: string): HTMLElement[] {
  return options.map((o) => {
    const opt = el('vscode-option', { value: o.value, description: o.label }, o.label);
    if (o.value === value) opt.setAttribute('selected', '');
    return opt;
  });
}

/** A labelled select; `onChange` gets the chosen value. */
export function select(id: string, label: string, options: readonly Option[], value: string, onChange: (v: string) => void): HTMLElement {
  const control = el('vscode-single-select', { id: `field-${id}`, 'aria-label': label }, ...choices(options, value)) as HTMLElement & { value: string };
  control.addEventListener('change', () => onChange(control.value));
  return el('div', { class: 'field' }, el('vscode-label', { for: `field-${id}` }, label), control);
}

/** One field of the design form: its label, control and helper line (help, or the problem when there is one). */
export function field(f: FieldView, onChange: (v: string) => void): HTMLElement {
  const id = `field-${f.id}`;
  const helpId = `help-${f.id}`;
  let control: HTMLElement & { value: string };
  if (f.kind === 'select') {
    control = el('vscode-single-select', { id, 'aria-describedby': helpId }, ...choices(f.options ?? [], f.value)) as HTMLElement & { value: string };
    control.addEventListener('change', () => onChange(control.value));
  } else {
    const multiline = f.id === 'jwksKeys';
    control = el(multiline ? 'vscode-textarea' : 'vscode-textfield', {
      id,
      'aria-describedby': helpId,
      ...(f.kind === 'number' ? { type: 'number' } : {}),
      ...(f.placeholder ? { placeholder: f.placeholder } : {}),
      ...(multiline ? { rows: '5', monospace: '' } : {}),
    }) as HTMLElement & { value: string };
    control.value = f.value;
    control.addEventListener('input', () => onChange(control.value));
  }
  control.setAttribute('label', f.label);
  if (f.required) control.setAttribute('required', '');
  return el('div', { class: 'field' },
    el('vscode-label', { for: id, ...(f.required ? { required: '' } : {}) }, f.label),
    control,
    el('vscode-form-helper', { id: helpId }, f.problem ? el('span', { class: 'problem' }, f.problem) : f.help),
  );
}
