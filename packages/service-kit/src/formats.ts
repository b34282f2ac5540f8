import { registerCatalogueFormats } from '@landcase/contracts';

// TypeBox's Value.Check knows no string formats until they are registered. The catalogue's own
// (`date-time`, see contracts/timestamp.ts) are registered when contracts is imported; this keeps
// the kit's entry point for code that checks values before anything else imported them.

export function registerFormats(): void {
  registerCatalogueFormats();
}
