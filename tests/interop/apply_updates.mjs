// Applies updates the server accepted to Yjs documents, as every browser peer would.
//
// Reads one JSON object from stdin: { base: <base64 update>, samples: [[<base64 update>, …], …] }.
// Each sample's updates are applied in order to a fresh Y.Doc holding the base state. Prints
// one JSON line: { applied, failures: [{ index, error }] }; a sample fails if Yjs throws on it
// or leaves part of it pending (a Yjs peer could not apply what the server had applied).
import * as Y from 'yjs'

const chunks = []
for await (const chunk of process.stdin) chunks.push(chunk)
const { base, samples } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
const decode = text => new Uint8Array(Buffer.from(text, 'base64'))
const baseUpdate = decode(base)

let applied = 0
const failures = []
samples.forEach((updates, index) => {
  try {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, baseUpdate)
    for (const update of updates) Y.applyUpdate(doc, decode(update))
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      throw new Error('left pending')
    }
    // Reading every root makes Yjs walk what it integrated.
    for (const name of ['meta', 'questions', 'cards', 'clusters']) doc.getMap(name).toJSON()
    doc.getText('problemStatement').toString()
    applied += 1
  } catch (error) {
    failures.push({ index, error: String(error && error.message || error) })
  }
})
console.log(JSON.stringify({ applied, failures }))
