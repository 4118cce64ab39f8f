import { createContext, useContext } from 'react'

const NonceContext = createContext<string>('')

export const NonceProvider = NonceContext.Provider
/** The CSP nonce of this response, for the inline scripts Remix writes. Empty in the browser. */
export const useNonce = () => useContext(NonceContext)
