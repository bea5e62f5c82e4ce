declare module 'cytoscape-svg' {
  const register: (cy: unknown) => void;
  export default register;
}
