// A standard Yjs client (y-websocket's WebsocketProvider) joining a Polyphony board.
//
// Usage: node yjs_peer.mjs <ws://host/ws/BOARD_ID> <document> <marker to wait for>
// It syncs, announces presence, writes to the problem statement and the cards map (the
// root names of polyphony-shared's schema), waits until the marker written by the Rust
// peer arrives, and prints one JSON line describing what it saw.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [serverUrl, documentName, marker, token] = process.argv.slice(2)
const deadline = setTimeout(() => finish('timeout'), 15000)

const doc = new Y.Doc()
const problem = doc.getText('problemStatement')
const cards = doc.getMap('cards')
const provider = new WebsocketProvider(serverUrl, documentName, doc, { WebSocketPolyfill: WebSocket, disableBc: true, params: { token } })
provider.awareness.setLocalStateField('user', { name: 'Yjs peer' })

provider.once('sync', () => {
  const sawOnSync = problem.toString()
  doc.transact(() => {
    problem.insert(problem.length, ' from yjs;')
    cards.set('yjs-card', new Y.Map([['text', 'hello from yjs']]))
  })
  const check = () => {
    if (problem.toString().includes(marker)) finish('done', sawOnSync)
  }
  problem.observe(check)
  check()
})

function finish (event, sawOnSync = '') {
  clearTimeout(deadline)
  const peers = [...provider.awareness.getStates().keys()].filter(id => id !== doc.clientID)
  console.log(JSON.stringify({ event, sawOnSync, problem: problem.toString(), awarenessPeers: peers.length }))
  // Give the last update a moment to leave the socket before closing.
  setTimeout(() => { provider.destroy(); process.exit(event === 'done' ? 0 : 1) }, 300)
}
