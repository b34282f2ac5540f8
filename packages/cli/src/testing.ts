// What other packages' end-to-end tests share with the CLI's: the embedded system's environment,
// an HTTP driver over real sockets and the happy path's fixtures.

export {
  eventually,
  HAPPY_PATH_CLOCK_START,
  HAPPY_PATH_DOCUMENTS,
  type Http,
  type HttpResponse,
  mintHappyPathTokens,
  runHappyPath,
  squareParcel,
  type TokenMinter,
  type Tokens,
} from './happy-path.ts';
export { fetchHttp } from './http-client.ts';
export { embeddedEnv } from './model/embedded.ts';
