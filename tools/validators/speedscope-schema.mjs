// Validates a file against the JSON schema speedscope ships for its file format (structure only;
// speedscope-check.mjs checks what its importer makes of it). Prints VALID or the errors; exit 0/1.
// Usage: node speedscope-schema.mjs FILE
import fs from 'node:fs';
import Ajv from 'ajv';

const schema = JSON.parse(fs.readFileSync(new URL('./node_modules/speedscope/dist/release/file-format-schema.json', import.meta.url)));
const validate = new Ajv({allErrors: true, strict: false}).compile(schema);
const ok = validate(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));
console.log(ok ? 'VALID' : JSON.stringify(validate.errors));
process.exit(ok ? 0 : 1);
