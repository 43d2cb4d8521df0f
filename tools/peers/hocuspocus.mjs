// Hocuspocus 4.7 for Polyphony's load benchmark, listening on HOST:PORT; prints one line
// once it accepts connections. No persistence and no auth checks. With REDIS_URL set, it
// loads @hocuspocus/extension-redis so several instances share documents through Redis
// (the scaled-out comparison with two Polyphony instances over Redis).
import { Server } from '@hocuspocus/server'
import { Redis } from '@hocuspocus/extension-redis'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT)
const extensions = []
if (process.env.REDIS_URL) {
  const redis = new URL(process.env.REDIS_URL)
  extensions.push(new Redis({ host: redis.hostname, port: Number(redis.port) }))
}
const server = new Server({ address: host, port, quiet: true, extensions })
await server.listen()
console.log(`hocuspocus listening on ${host}:${port}${extensions.length ? ' with redis' : ''}`)
