export { contentHashOf } from './message-input.ts';
export { inboxMessages } from './inbox-messages.ts';
export { createInboxModule, type Inbox, type InboxDeps } from './module.tsx';
export { ReceiptSigner } from './receipts.ts';
export { verifyReceipt, type ReceiptProof } from './receipt-verification.ts';
export { inboxEncryptedColumns } from './encrypted-columns.ts';
export { PORTAL_OIN, type PortalNote, type PortalNotes } from './portal-notes.ts';
