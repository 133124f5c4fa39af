// Every secret detector, as data: keywords, a linear pattern, structure checks and examples (docs/domain §6).
// Ordered most specific first where two can match the same text (a Google service-account key before the PEM block
// inside it); the scanner keeps the more severe, then the earlier, of two overlapping findings.
import { aiDetectors } from './detectors-ai';
import { cloudDetectors } from './detectors-cloud';
import { devDetectors } from './detectors-dev';
import { keyDetectors } from './detectors-keys';
import { snowflakeDetectors } from './detectors-snowflake';
import type { SecretDetector } from './types';

export type { ExampleBuilder, ExampleDocument, SecretContext, SecretDetector, SecretProvider, SecretSeverity } from './types';

export const DETECTORS: readonly SecretDetector[] = [...aiDetectors, ...cloudDetectors, ...devDetectors, ...snowflakeDetectors, ...keyDetectors];

