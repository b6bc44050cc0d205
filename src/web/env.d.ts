// Side-effect style imports handled by Vite.
declare module '*.css';
