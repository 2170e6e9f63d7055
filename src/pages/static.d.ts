// Files imported with ?raw are text: wrangler.toml's Text rule bundles them
// so, and Vite reads them so in tests.
declare module "*.js?raw" {
  const text: string;
  export default text;
}
declare module "*.css?raw" {
  const text: string;
  export default text;
}
