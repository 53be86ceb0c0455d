/**
 * The functions app's entry (package.json "main"): every trigger registers on import.
 * Settings are parsed here, at start-up, so a bad setting stops the app with a
 * message naming it instead of failing on some later request.
 */
import './health/health.http.js';
import { getSettings } from './platform/settings.js';

getSettings();
