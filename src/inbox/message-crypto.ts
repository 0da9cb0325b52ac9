/** The associated data for a message's encrypted fields: bound to its citizen and message. */
export function messageContext(citizenId: string, messageId: string): string {
  return `message:${citizenId}:${messageId}`;
}
