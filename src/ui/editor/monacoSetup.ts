// Monaco is configured once per page, as a side effect of importing this module. The component
// imports it, and the app lazy-loads the component, so none of this lands in the initial bundle.
//
// The slim entry points (added in monaco 0.56) pull in the editor core, the editor contributions
// and the YAML tokenizer only. `import 'monaco-editor'` would also bundle every language and
// emit the TypeScript, CSS, HTML and JSON workers (about 15 MiB instead of about 5).
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/yaml/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { configureMonacoYaml } from 'monaco-yaml'
import { KUBERNETES_SCHEMA_URI, kubernetesSchema } from './kubernetesSchema'
import YamlWorker from './yaml.worker?worker'

export { monaco }

// The URI ends in .yaml so that the model gets the yaml language and the schema association.
export const MANIFESTS_MODEL_URI = 'inmemory://playground/manifests.yaml'

function createWorker(label: string): Worker {
  return label === 'yaml' ? new YamlWorker() : new EditorWorker()
}

self.MonacoEnvironment = {
  getWorker: (_workerId, label) => createWorker(label),
}

type WebWorkerOptions = Parameters<typeof monaco.editor.createWebWorker>[0]

// What monaco-worker-manager 2.0.1 (used by monaco-yaml 5.5.1) passes to createWebWorker: the
// pre-0.53 options.
interface LegacyWebWorkerOptions {
  label?: string
  moduleId?: string
  createData?: unknown
  host?: WebWorkerOptions['host']
  keepIdleModels?: boolean
}

// Since monaco 0.53, editor.createWebWorker wants `{ worker }` and no longer reads
// `{ label, moduleId, createData }`. monaco-yaml therefore fails at runtime with "Could not
// create web worker(s)" and then "Missing requestHandler or method: doValidation"
// (monaco-yaml #272, monaco-editor #5049, both open). This adapter speaks the old options and
// follows monaco's own internal/common/workers.js: the first message wakes the worker, whose
// handler (monaco-worker-manager/worker.js) then waits for the second message, the createData
// holding monaco-yaml's options and schemas.
function createLegacyWebWorker<T extends object>(
  options: LegacyWebWorkerOptions,
): monaco.editor.MonacoWebWorker<T> {
  const worker = Promise.resolve(createWorker(options.label ?? 'yaml')).then((w) => {
    w.postMessage('ignore')
    w.postMessage(options.createData)
    return w
  })
  return monaco.editor.createWebWorker<T>({
    worker,
    host: options.host,
    keepIdleModels: options.keepIdleModels,
  })
}

configureMonacoYaml(
  { ...monaco, editor: { ...monaco.editor, createWebWorker: createLegacyWebWorker } },
  {
    // The schema is bundled; nothing is fetched from the network.
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    format: { enable: true },
    schemas: [{ uri: KUBERNETES_SCHEMA_URI, fileMatch: ['*'], schema: kubernetesSchema }],
  },
)
