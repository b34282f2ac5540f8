import { runService } from '@landcase/service-kit';
import { auditModule } from './index.ts';

// The audit service on its own (distributed mode); configuration from the environment.
await runService([auditModule], process.env);
