// Vite bundles a worker from a local module with `?worker`; importing monaco-yaml's worker
// entry through this file is the workaround the monaco-yaml README gives for Vite.
import 'monaco-yaml/yaml.worker.js'
