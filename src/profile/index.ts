export { createProfile, type Profile } from './email-verification.ts';
export { profileMessages } from './messages.ts';
export { profileRoutes } from './routes.tsx';
