export { main } from "./main.js";
export { builtinPlugins } from "./builtin-plugins.js";
