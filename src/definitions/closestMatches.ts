// The suggestion helpers live in common, so that every layer can suggest a name.
export { closestMatches, didYouMean, editDistance } from '../common/index.js';
