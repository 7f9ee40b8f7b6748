// Mirrors kubernetes/kubernetes pkg/apis/core/validation/validation.go (ValidatePodCreate → ValidatePod:
// ValidateObjectMeta with ValidatePodName, validateContainers, validateContainerCommon,
// validateContainerPorts, AccumulateUniqueHostPorts/checkHostPortConflicts, validateHostNetwork,
// validateRestartPolicy, validateDNSPolicy). Only the rules a Service playground meets are modelled:
// names, images, ports, host ports, restart and DNS policy.

import {
  arrAt,
  duplicate,
  intAt,
  invalid,
  isObj,
  notSupported,
  objAt,
  required,
  strAt,
  type FieldError,
} from './fieldErrors'
import {
  decodeCheck,
  OBJECT_META_SCHEMA,
  S_ANY,
  S_BOOL,
  S_INT32,
  S_INT64,
  S_STRING,
  type DecodeResult,
  type GoSchema,
} from './decodeCheck'
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain } from './k8sNames'
import { validateDNS1123Label, validateObjectMeta } from './validateService'

const SUPPORTED_PROTOCOLS = ['SCTP', 'TCP', 'UDP']
const SUPPORTED_RESTART_POLICIES = ['Always', 'OnFailure', 'Never']
const SUPPORTED_DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

/** validateContainerPorts: names are IANA_SVC_NAMEs unique within the container (not the pod). */
function validateContainerPorts(ports: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = []
  const allNames = new Set<string>()
  ports.forEach((port, i) => {
    const idx = `${path}[${i}]`
    const name = strAt(port, 'name')
    if (name.length > 0) {
      const msgs = isValidPortName(name)
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(`${idx}.name`, name, m))
      else if (allNames.has(name)) errs.push(duplicate(`${idx}.name`, name))
      else allNames.add(name)
    }
    const containerPort = intAt(port, 'containerPort')
    if (containerPort === 0) errs.push(required(`${idx}.containerPort`))
    else
      for (const m of isValidPortNum(containerPort))
        errs.push(invalid(`${idx}.containerPort`, containerPort, m))
    const hostPort = intAt(port, 'hostPort')
    if (hostPort !== 0)
      for (const m of isValidPortNum(hostPort)) errs.push(invalid(`${idx}.hostPort`, hostPort, m))
    const protocol = strAt(port, 'protocol')
    if (protocol === '') errs.push(required(`${idx}.protocol`))
    else if (!SUPPORTED_PROTOCOLS.includes(protocol))
      errs.push(notSupported(`${idx}.protocol`, protocol, SUPPORTED_PROTOCOLS))
  })
  return errs
}

function validateContainers(containers: unknown[], path: string): FieldError[] {
  if (containers.length === 0) return [required(path)]
  const errs: FieldError[] = []
  const allNames = new Set<string>()
  containers.forEach((ctr, i) => {
    const idx = `${path}[${i}]`
    const name = strAt(ctr, 'name')
    if (name === '') errs.push(required(`${idx}.name`))
    else errs.push(...validateDNS1123Label(name, `${idx}.name`))
    // Leading/trailing whitespace is not checked: " " is a special token for some pod templates.
    if (strAt(ctr, 'image') === '') errs.push(required(`${idx}.image`))
    errs.push(...validateContainerPorts(arrAt(ctr, 'ports'), `${idx}.ports`))
    if (allNames.has(name)) errs.push(duplicate(`${idx}.name`, name))
    else allNames.add(name)
  })
  return errs
}

/** AccumulateUniqueHostPorts: one (protocol, hostIP, hostPort) per pod across all its containers. */
function checkHostPortConflicts(containers: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = []
  const seen = new Set<string>()
  containers.forEach((ctr, ci) => {
    arrAt(ctr, 'ports').forEach((port, pi) => {
      const hostPort = intAt(port, 'hostPort')
      if (hostPort === 0) return
      const key = `${strAt(port, 'protocol')}/${strAt(port, 'hostIP')}/${hostPort}`
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key))
      else seen.add(key)
    })
  })
  return errs
}

/** validateHostNetwork: in the node's network namespace the container port is the host port. */
function validateHostNetwork(spec: unknown, containers: unknown[], path: string): FieldError[] {
  if (!isObj(spec) || spec['hostNetwork'] !== true) return []
  const errs: FieldError[] = []
  containers.forEach((ctr, ci) => {
    arrAt(ctr, 'ports').forEach((port, pi) => {
      const containerPort = intAt(port, 'containerPort')
      const hostPort = intAt(port, 'hostPort')
      if (hostPort !== containerPort) {
        errs.push(
          invalid(
            `${path}[${ci}].ports[${pi}].containerPort`,
            containerPort,
            'must match `hostPort` when `hostNetwork` is true',
          ),
        )
      }
    })
  })
  return errs
}

/** ValidatePod (create) on a defaulted Pod (defaultPod). */
export function validatePod(raw: unknown): FieldError[] {
  const errs: FieldError[] = []
  errs.push(...validateObjectMeta(objAt(raw, 'metadata'), true, nameIsDNSSubdomain))
  const spec = objAt(raw, 'spec')
  const containers = arrAt(spec, 'containers')
  errs.push(...validateContainers(containers, 'spec.containers'))
  errs.push(...checkHostPortConflicts(containers, 'spec.containers'))
  errs.push(...validateHostNetwork(spec, containers, 'spec.containers'))

  const restartPolicy = strAt(spec, 'restartPolicy')
  if (restartPolicy === '') errs.push(required('spec.restartPolicy'))
  else if (!SUPPORTED_RESTART_POLICIES.includes(restartPolicy))
    errs.push(notSupported('spec.restartPolicy', restartPolicy, SUPPORTED_RESTART_POLICIES))

  const dnsPolicy = strAt(spec, 'dnsPolicy')
  if (dnsPolicy === '') errs.push(required('spec.dnsPolicy'))
  else if (!SUPPORTED_DNS_POLICIES.includes(dnsPolicy))
    errs.push(notSupported('spec.dnsPolicy', dnsPolicy, SUPPORTED_DNS_POLICIES))
  return errs
}

const CONTAINER_PORT_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.ContainerPort',
  fields: {
    name: S_STRING,
    hostPort: S_INT32,
    containerPort: S_INT32,
    protocol: S_STRING,
    hostIP: S_STRING,
  },
}

// Container has many more fields than modelled here, so it is open: unknown keys are not reported.
const CONTAINER_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.Container',
  open: true,
  fields: {
    name: S_STRING,
    image: S_STRING,
    ports: { t: 'list', go: '[]v1.ContainerPort', elem: CONTAINER_PORT_SCHEMA },
    imagePullPolicy: S_STRING,
  },
}

export const POD_SCHEMA: GoSchema = {
  t: 'struct',
  go: 'v1.Pod',
  fields: {
    apiVersion: S_STRING,
    kind: S_STRING,
    metadata: OBJECT_META_SCHEMA,
    spec: {
      t: 'struct',
      go: 'v1.PodSpec',
      open: true,
      fields: {
        containers: { t: 'list', go: '[]v1.Container', elem: CONTAINER_SCHEMA },
        initContainers: { t: 'list', go: '[]v1.Container', elem: CONTAINER_SCHEMA },
        hostNetwork: S_BOOL,
        enableServiceLinks: S_BOOL,
        dnsPolicy: S_STRING,
        restartPolicy: S_STRING,
        hostname: S_STRING,
        subdomain: S_STRING,
        nodeName: S_STRING,
        serviceAccountName: S_STRING,
        terminationGracePeriodSeconds: S_INT64,
      },
    },
    status: S_ANY,
  },
}

/** The JSON-decode verdict on a raw Pod manifest; render with formatDecodeFailure('Pod', r). */
export function decodePod(raw: unknown): DecodeResult {
  return decodeCheck(raw, POD_SCHEMA)
}
