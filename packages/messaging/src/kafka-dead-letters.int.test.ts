import { deadLetterContract } from './dead-letters-contract.ts';
import { testKafkaBus } from './kafka-test-env.ts';

// The dead letters on the real broker: read from the DLQ topics' earliest offsets, resolutions as
// markers on their own topic, so a second bus (another process, or this one restarted) sees them.
deadLetterContract('KafkaBus', () => testKafkaBus());
