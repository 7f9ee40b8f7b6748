// Shared metadata definitions of the editor's Kubernetes schema: ObjectMeta, OwnerReference,
// ObjectReference, the status Condition, and LabelSelector with its requirements. Every other
// fragment refers to these through `#/definitions/...`. Descriptions are shortened from the
// Kubernetes API reference (k8s.io/apimachinery/pkg/apis/meta/v1).

import type { JSONSchema } from 'monaco-yaml'

import { count, str, bool, stringMap, stringList, list } from './builders'

export const definitions: Record<string, JSONSchema> = {
  ObjectMeta: {
    type: 'object',
    description:
      "Standard object's metadata: name, namespace, labels and annotations, plus fields populated by the system.",
    properties: {
      name: {
        type: 'string',
        description: 'Name must be unique within a namespace. Cannot be updated.',
      },
      generateName: {
        type: 'string',
        description:
          'Optional prefix, used by the server to generate a unique name ONLY IF the Name field has not been provided.',
      },
      namespace: {
        type: 'string',
        description:
          'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace.',
      },
      labels: stringMap(
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services.',
      ),
      annotations: stringMap(
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
      ),
      uid: str(
        'UID is the unique in time and space value for this object. Populated by the system. Read-only.',
      ),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object. Populated by the system. Read-only.',
      ),
      generation: count(
        'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
      ),
      creationTimestamp: {
        type: ['string', 'null'],
        description:
          'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only. Null for objects that were never stored (`kubectl create --dry-run=client -o yaml`).',
      },
      deletionTimestamp: {
        type: ['string', 'null'],
        description:
          'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user; a terminating Pod is removed from the ready endpoints of its Services.',
      },
      deletionGracePeriodSeconds: {
        type: ['integer', 'null'],
        minimum: 0,
        description:
          'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.',
      },
      finalizers: stringList(
        'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
      ),
      ownerReferences: list(
        'OwnerReference',
        'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      ),
    },
    additionalProperties: true,
  },

  OwnerReference: {
    type: 'object',
    description:
      'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped.',
    properties: {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool(
        'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
      ),
    },
    additionalProperties: true,
  },

  ObjectReference: {
    type: 'object',
    description:
      'ObjectReference contains enough information to let you inspect or modify the referred object.',
    properties: {
      kind: str('Kind of the referent.'),
      namespace: str('Namespace of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      apiVersion: str('API version of the referent.'),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      ),
    },
    additionalProperties: true,
  },

  Condition: {
    type: 'object',
    description:
      'Condition contains details for one aspect of the current state of this API resource.',
    properties: {
      type: str('Type of condition in CamelCase, e.g. Ready, Available, Progressing.'),
      status: {
        type: 'string',
        enum: ['True', 'False', 'Unknown'],
        description: 'Status of the condition, one of True, False, Unknown.',
      },
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      message: str('Human-readable message indicating details about last transition.'),
      lastTransitionTime: {
        type: ['string', 'null'],
        description: 'Last time the condition transitioned from one status to another.',
      },
      lastProbeTime: {
        type: ['string', 'null'],
        description: 'Last time we probed the condition.',
      },
      lastHeartbeatTime: {
        type: ['string', 'null'],
        description: 'Last time we got an update on a given condition.',
      },
      lastUpdateTime: {
        type: ['string', 'null'],
        description: 'The last time this condition was updated.',
      },
      observedGeneration: count(
        'observedGeneration represents the .metadata.generation that the condition was set based upon.',
      ),
    },
    additionalProperties: true,
  },

  LabelSelector: {
    type: 'object',
    description:
      'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
    properties: {
      matchLabels: stringMap(
        'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
      ),
      matchExpressions: list(
        'LabelSelectorRequirement',
        'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
      ),
    },
    additionalProperties: true,
  },

  LabelSelectorRequirement: {
    type: 'object',
    description:
      'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    required: ['key', 'operator'],
    properties: {
      key: str('key is the label key that the selector applies to.'),
      operator: {
        type: 'string',
        enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
        description:
          "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
      },
      values: stringList(
        'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.',
      ),
    },
    additionalProperties: true,
  },
}
