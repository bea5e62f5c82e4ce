import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App/App.tsx';
import { installTestHook } from './state/testHook.ts';
import { tightenWorkerPolicy } from './workers/launch.ts';
import './ui/theme/index.css';

tightenWorkerPolicy();
installTestHook();
const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
