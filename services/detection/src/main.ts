import { runService } from '@landcase/service-kit';
import { detectionModule } from './index.ts';

// Detection on its own (distributed mode); configuration comes from the environment.
await runService([detectionModule], process.env);
