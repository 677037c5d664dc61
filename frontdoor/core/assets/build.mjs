// Builds the static assets Django serves: our Sass compiled against govuk-frontend, and its JS and images.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const out = join(root, 'frontdoor', 'static')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')

mkdirSync(join(out, 'build'), { recursive: true })
const result = sass.compile(join(here, 'application.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin']
})
writeFileSync(join(out, 'build', 'application.css'), result.css)
cpSync(join(here, 'init.js'), join(out, 'build', 'init.js'))
cpSync(join(govuk, 'assets'), join(out, 'govuk', 'assets'), { recursive: true })
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk', 'govuk-frontend.min.js'))
console.log('Built GOV.UK Frontend assets into frontdoor/static/')
