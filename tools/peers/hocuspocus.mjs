// Hocuspocus 4.7 for Polyphony's load benchmark: no extensions (no persistence, no auth
// checks), listening on HOST:PORT; prints one line once it accepts connections.
import { Server } from '@hocuspocus/server'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT)
const server = new Server({ address: host, port, quiet: true })
await server.listen()
console.log(`hocuspocus listening on ${host}:${port}`)
