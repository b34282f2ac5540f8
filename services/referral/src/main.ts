import { runService } from '@landcase/service-kit';
import { referralModule } from './index.ts';

// The referral service on its own (distributed mode); configuration from the environment.
await runService([referralModule], process.env);
