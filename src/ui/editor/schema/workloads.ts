// Workload (apps/v1) definitions of the editor's Kubernetes schema: Deployment, ReplicaSet,
// StatefulSet and DaemonSet with their specs and statuses, plus the fields their specs share
// (replicas, selector, template, minReadySeconds, ...). Descriptions are shortened from the
// Kubernetes API reference (k8s.io/api/apps/v1).

import type { JSONSchema } from 'monaco-yaml'

import { ref, count, str, bool, apiVersion, intOrPercent, conditions } from './builders'

// Fields shared by the workload specs (Deployment, ReplicaSet, StatefulSet, DaemonSet).
const workloadReplicas = count(
  'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
)
const workloadSelector: JSONSchema = {
  ...ref('LabelSelector'),
  description:
    "Label selector for pods. Existing pods selected by this will be the ones affected by this workload. It must match the pod template's labels.",
}
const workloadTemplate: JSONSchema = {
  ...ref('PodTemplateSpec'),
  description:
    'Template describes the pods that will be created. Its labels must match the selector.',
}
const minReadySeconds = count(
  'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready).',
)
const revisionHistoryLimit = count(
  'The number of old history to retain to allow rollback. Defaults to 10.',
)
const observedGeneration = count(
  'The generation observed by the controller. Populated by the system.',
)

export const definitions: Record<string, JSONSchema> = {
  // Workloads (apps/v1). Each spec selects pods with a LabelSelector and stamps them out of a
  // PodTemplateSpec, whose spec is the PodSpec in pod.ts.
  DeploymentSpec: {
    type: 'object',
    description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    required: ['selector', 'template'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      strategy: {
        type: 'object',
        description: 'The deployment strategy to use to replace existing pods with new ones.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'Recreate'],
            enumDescriptions: [
              'Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.',
              'Kill all existing pods before creating new ones.',
            ],
            description:
              'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description:
              'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
            properties: {
              maxUnavailable: intOrPercent(
                'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
              ),
              maxSurge: intOrPercent(
                'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      minReadySeconds,
      revisionHistoryLimit,
      progressDeadlineSeconds: count(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.',
      ),
      paused: bool('Indicates that the deployment is paused.'),
    },
    additionalProperties: true,
  },

  DeploymentStatus: {
    type: 'object',
    description: 'Most recently observed status of the Deployment.',
    properties: {
      observedGeneration,
      replicas: count(
        'Total number of non-terminating pods targeted by this deployment (their labels match the selector).',
      ),
      updatedReplicas: count(
        'Total number of non-terminating pods targeted by this deployment that have the desired template spec.',
      ),
      readyReplicas: count(
        'Total number of non-terminating pods targeted by this Deployment with a Ready Condition.',
      ),
      availableReplicas: count(
        'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      unavailableReplicas: count('Total number of unavailable pods targeted by this deployment.'),
      conditions: conditions(
        "Represents the latest available observations of a deployment's current state.",
      ),
    },
    additionalProperties: true,
  },

  Deployment: {
    type: 'object',
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'Deployment is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('DeploymentSpec'),
      status: ref('DeploymentStatus'),
    },
    additionalProperties: true,
  },

  ReplicaSetSpec: {
    type: 'object',
    description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
    required: ['selector'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      minReadySeconds,
    },
    additionalProperties: true,
  },

  ReplicaSetStatus: {
    type: 'object',
    description: 'ReplicaSetStatus represents the current status of a ReplicaSet.',
    properties: {
      observedGeneration,
      replicas: count('Replicas is the most recently observed number of non-terminating pods.'),
      fullyLabeledReplicas: count(
        'The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.',
      ),
      readyReplicas: count(
        'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      ),
      availableReplicas: count(
        'The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.',
      ),
      conditions: conditions(
        "Represents the latest available observations of a replica set's current state.",
      ),
    },
    additionalProperties: true,
  },

  ReplicaSet: {
    type: 'object',
    description:
      'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'ReplicaSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('ReplicaSetSpec'),
      status: ref('ReplicaSetStatus'),
    },
    additionalProperties: true,
  },

  StatefulSetSpec: {
    type: 'object',
    description: 'A StatefulSetSpec is the specification of a StatefulSet.',
    required: ['selector', 'template'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      serviceName: str(
        'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where "pod-specific-string" is managed by the StatefulSet controller.',
      ),
      podManagementPolicy: {
        type: 'string',
        enum: ['OrderedReady', 'Parallel'],
        enumDescriptions: [
          'Pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order.',
          'Create and delete pods as soon as the stateful set replica count is changed, without waiting for pods to be ready or complete termination.',
        ],
        description:
          'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`.',
      },
      updateStrategy: {
        type: 'object',
        description:
          'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'OnDelete'],
            description:
              'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description:
              'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.',
            properties: {
              partition: count(
                'Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. Default value is 0.',
              ),
              maxUnavailable: intOrPercent(
                'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 1.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      volumeClaimTemplates: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'volumeClaimTemplates is a list of claims that pods are allowed to reference. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template.',
      },
      minReadySeconds,
      revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: {
        type: 'object',
        description:
          'persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.',
        properties: {
          whenDeleted: {
            type: 'string',
            enum: ['Retain', 'Delete'],
            description:
              'WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.',
          },
          whenScaled: {
            type: 'string',
            enum: ['Retain', 'Delete'],
            description:
              'WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.',
          },
        },
        additionalProperties: true,
      },
      ordinals: {
        type: 'object',
        description:
          'ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a "0" index to the first replica and increments the index by one for each additional replica requested.',
        properties: {
          start: count(
            "start is the number representing the first replica's index. Defaults to 0.",
          ),
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  StatefulSetStatus: {
    type: 'object',
    description: 'StatefulSetStatus represents the current state of a StatefulSet.',
    properties: {
      observedGeneration,
      replicas: count('replicas is the number of Pods created by the StatefulSet controller.'),
      readyReplicas: count(
        'readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.',
      ),
      currentReplicas: count(
        'currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.',
      ),
      updatedReplicas: count(
        'updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.',
      ),
      availableReplicas: count(
        'Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.',
      ),
      currentRevision: str(
        'currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
      ),
      updateRevision: str(
        'updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
      ),
      conditions: conditions(
        "Represents the latest available observations of a statefulset's current state.",
      ),
    },
    additionalProperties: true,
  },

  StatefulSet: {
    type: 'object',
    description:
      'StatefulSet represents a set of pods with consistent identities. Identities are defined as: network (a single stable DNS and hostname) and storage (as many VolumeClaims as requested).',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'StatefulSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('StatefulSetSpec'),
      status: ref('StatefulSetStatus'),
    },
    additionalProperties: true,
  },

  DaemonSetSpec: {
    type: 'object',
    description:
      'DaemonSetSpec is the specification of a daemon set. A DaemonSet has no replicas: it runs one pod on each eligible node.',
    required: ['selector', 'template'],
    properties: {
      selector: workloadSelector,
      template: {
        ...ref('PodTemplateSpec'),
        description:
          "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified).",
      },
      updateStrategy: {
        type: 'object',
        description: 'An update strategy to replace existing DaemonSet pods with new pods.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'OnDelete'],
            description:
              'Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description: 'Rolling update config params. Present only if type = "RollingUpdate".',
            properties: {
              maxUnavailable: intOrPercent(
                'The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Default value is 1.',
              ),
              maxSurge: intOrPercent(
                'The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 0.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      minReadySeconds,
      revisionHistoryLimit,
    },
    additionalProperties: true,
  },

  DaemonSetStatus: {
    type: 'object',
    description: 'DaemonSetStatus represents the current status of a daemon set.',
    properties: {
      observedGeneration,
      currentNumberScheduled: count(
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
      ),
      desiredNumberScheduled: count(
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
      ),
      numberMisscheduled: count(
        'The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.',
      ),
      numberReady: count(
        'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      ),
      numberAvailable: count(
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds).',
      ),
      numberUnavailable: count(
        'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds).',
      ),
      updatedNumberScheduled: count(
        'The total number of nodes that are running updated daemon pod.',
      ),
      conditions: conditions(
        "Represents the latest available observations of a DaemonSet's current state.",
      ),
    },
    additionalProperties: true,
  },

  DaemonSet: {
    type: 'object',
    description: 'DaemonSet represents the configuration of a daemon set.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'DaemonSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('DaemonSetSpec'),
      status: ref('DaemonSetStatus'),
    },
    additionalProperties: true,
  },
}
