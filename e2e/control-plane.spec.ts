import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx
          ports:
            - name: http
              containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 8080
      targetPort: http
`

test('a Deployment of 3 replicas gives 3 Pods and 3 endpoint edges; a broken selector is flagged on its line', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(deployment)
  const pods = app.topology.locator('.react-flow__node-pod')
  await expect(pods).toHaveCount(3)
  await expect(pods.first()).toContainText(/^Podweb-[a-z0-9]+-[a-z0-9]{5}/)
  // The target Service's port leads through kube-proxy's chains: one KUBE-SEP- branch per Pod.
  const edges = app.edgesInto('Pod/default/web-')
  await expect(edges).toHaveCount(3)
  await expect(app.topology.locator('.react-flow__node-chain')).toHaveCount(5)
  await expect(app.topology.locator('.react-flow__edge-text')).toHaveText([
    'p=0.3333333333',
    'p=0.5000000000',
    'otherwise',
  ])

  await app.replaceYaml(
    deployment.replace('  selector:\n    app: web', '  selector:\n    app: wbe'),
  )
  await expect(edges).toHaveCount(0)
  const problem = app.page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first()
  await expect(problem).toContainText('line 27')
  await expect(problem).toContainText('matches no Pod')
  // The same warning is a marker on line 27 of the editor.
  await expect(app.manifests.locator('.squiggly-warning').first()).toBeVisible()
  app.expectNoConsoleErrors()
})

test('the inspector lists the cluster as kubectl does', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.page.getByRole('tab', { name: 'Services' }).click()
  const panel = app.page.getByRole('tabpanel')
  await app.page.getByRole('checkbox', { name: 'Wide output (-o wide)' }).check()
  await expect(panel).toContainText('$ kubectl get services -o wide')
  await expect(panel).toContainText(
    /NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR/,
  )
  await expect(panel).toContainText(
    /nginx-service\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+8081\/TCP\s+0s\s+app=my-app/,
  )
  // Keyboard: the arrow keys move between tabs.
  await app.page.getByRole('tab', { name: 'Services' }).press('ArrowRight')
  await expect(app.page.getByRole('tab', { name: 'Endpoints' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(panel).toContainText(/nginx-service\s+10\.244\.0\.2:80/)
  await expect(panel).toContainText('Warning: v1 Endpoints is deprecated in v1.33+')
})

test('a selector-less Service shows its manual endpoints outside the cluster', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(readFileSync('scenarios/external-service.yaml', 'utf8'))
  await expect(app.topology.locator('.react-flow__node-external')).toHaveCount(2)
  await expect(app.edgesInto('External/')).toHaveCount(2)
  await app.sendRequestAndPause()
  await expect(app.page.getByTestId('outcome')).toContainText('outside the cluster')
})
