import { runService } from '@landcase/service-kit';
import { remediationModule } from './index.ts';

// The remediation service on its own (distributed mode); configuration from the environment.
await runService([remediationModule], process.env);
