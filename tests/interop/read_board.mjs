// A fresh Yjs replica (y-websocket's WebsocketProvider) reads a Polyphony board once.
//
// Usage: node read_board.mjs <ws://host/ws/BOARD_ID> <document> <token>
// It syncs, then prints one JSON line: the problem statement and every card's text.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [serverUrl, documentName, token] = process.argv.slice(2)
const deadline = setTimeout(() => { console.log(JSON.stringify({ event: 'timeout' })); process.exit(1) }, 15000)

const doc = new Y.Doc()
const provider = new WebsocketProvider(serverUrl, documentName, doc, { WebSocketPolyfill: WebSocket, disableBc: true, params: { token } })

provider.once('sync', () => {
  clearTimeout(deadline)
  const cards = {}
  doc.getMap('cards').forEach((card, id) => { cards[id] = card.get('text')?.toString() ?? '' })
  console.log(JSON.stringify({ event: 'synced', problem: doc.getText('problemStatement').toString(), cards }))
  provider.destroy()
  process.exit(0)
})
