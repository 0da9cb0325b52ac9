export { createPseudonymiser, type Pseudonymiser } from './pseudonymiser.ts';
export { recipientSealer, RecipientKeyError, type Sealer } from './recipient-key.ts';
export { RESEARCH_EXPORT_FORMAT, writeResearchExport, type ExportProgress, type ResearchExportRow } from './research-export.ts';
export { EXPORT_HELP, exportCommand } from './cli.ts';
