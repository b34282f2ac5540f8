import { runService } from '@landcase/service-kit';
import { enforcementModule } from './index.ts';

// Enforcement on its own (distributed mode); configuration comes from the environment.
await runService([enforcementModule], process.env);
