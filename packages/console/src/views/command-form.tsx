import { useMemo, useState } from 'preact/hooks';
import { ApiError, call, useApi } from '../api.ts';
import { bodyOf, fieldErrorsOf, type Suggested, type Value } from '../commands/form-values.ts';
import {
  type AggregateKind,
  aggregateCommands,
  choicesOf,
  commandUrl,
  type FieldKind,
  kindOf,
  type OpenApiDocument,
} from '../commands/openapi.ts';
import { useI18n } from '../i18n.ts';
import { ProblemView } from './problem.tsx';

// A form for each command the signed-in caller may issue now on the page's aggregates (each read's
// `commandsAllowed`), generated from the OpenAPI document. It sends the revision it read as
// If-Match, so an aggregate changed meanwhile is a 412 and not a command on what the user did not
// see; a refusal is shown as the API gave it, each field's reason beside the field.

function Field({
  name,
  kind,
  choices,
  required,
  description,
  value,
  error,
  onChange,
  onFile,
}: {
  name: string;
  kind: FieldKind;
  choices: readonly string[] | null;
  required: boolean;
  description: string | undefined;
  value: Value | undefined;
  error: string | undefined;
  onChange(value: Value): void;
  /** A file chosen for a base64 field: its bytes in base64, with its name and type. */
  onFile?(file: File, base64: string): void;
}) {
  const text = typeof value === 'string' ? value : '';
  const read = (e: Event) => (e.target as HTMLInputElement).value;
  // The legend names the input, and its description and error describe it, for a screen reader too.
  const id = `field-${name}`;
  const described = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean);
  const a11y = {
    id,
    'aria-labelledby': `${id}-legend`,
    ...(described.length > 0 ? { 'aria-describedby': described.join(' ') } : {}),
    ...(error ? { 'aria-invalid': true } : {}),
  };
  let input: preact.ComponentChildren;
  if (kind === 'boolean' && required) {
    input = (
      <input
        {...a11y}
        type="checkbox"
        name={name}
        checked={value === true}
        onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
      />
    );
  } else if (kind === 'boolean') {
    input = (
      <select {...a11y} name={name} value={text} onChange={(e) => onChange(read(e))}>
        <option value="" />
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (kind === 'choice') {
    input = (
      <select {...a11y} name={name} value={text} onChange={(e) => onChange(read(e))}>
        <option value="" />
        {choices?.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'choices') {
    const picked = Array.isArray(value) ? value : [];
    input = (
      <span>
        {choices?.map((c) => (
          <label key={c} class="inline">
            <input
              type="checkbox"
              name={name}
              value={c}
              checked={picked.includes(c)}
              onChange={() => onChange(picked.includes(c) ? picked.filter((p) => p !== c) : [...picked, c])}
            />
            {c}
          </label>
        ))}
      </span>
    );
  } else if (kind === 'long-text' || kind === 'json') {
    input = (
      <textarea
        {...a11y}
        name={name}
        rows={kind === 'json' ? 3 : 2}
        value={text}
        onInput={(e) => onChange(read(e))}
      />
    );
  } else if (kind === 'file') {
    input = (
      <input
        {...a11y}
        name={name}
        type="file"
        onChange={(e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          if (!file) return;
          const reader = new FileReader();
          reader.onload = () => {
            const base64 = String(reader.result).replace(/^data:[^,]*,/, '');
            if (onFile) onFile(file, base64);
            else onChange(base64);
          };
          reader.readAsDataURL(file);
        }}
      />
    );
  } else if (kind === 'date-time') {
    input = (
      <input
        {...a11y}
        name={name}
        type="datetime-local"
        step={1}
        value={text}
        onInput={(e) => onChange(read(e))}
      />
    );
  } else if (kind === 'number') {
    input = (
      <input {...a11y} name={name} type="number" step="any" value={text} onInput={(e) => onChange(read(e))} />
    );
  } else {
    input = <input {...a11y} name={name} type="text" value={text} onInput={(e) => onChange(read(e))} />;
  }
  return (
    <fieldset class={error ? 'field has-error' : 'field'} data-field={name}>
      <legend id={`${id}-legend`}>
        <code>{name}</code>
        {required ? ' *' : ''}
        {kind === 'date-time' ? <span class="muted"> (Asia/Shanghai)</span> : null}
        {kind === 'json' ? <span class="muted"> (JSON)</span> : null}
      </legend>
      {input}
      {description ? (
        <small class="muted" id={`${id}-description`}>
          {description}
        </small>
      ) : null}
      {error ? (
        <small class="field-error" role="alert" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}

/** One aggregate of the page: its id, the ETag read, and what its read allows the caller now. */
export interface CommandTarget {
  service: AggregateKind;
  id: string;
  etag: string | undefined;
  /** The read's `commandsAllowed`; undefined while it is not read (or refused): nothing offered. */
  allowed: readonly string[] | undefined;
  /** Values the page knows for a field of its commands, offered as choices (a receipt's document hashes). */
  suggested?: Suggested;
}

export function CommandForms({ targets, onDone }: { targets: CommandTarget[]; onDone(): void }) {
  const { t } = useI18n();
  const doc = useApi<OpenApiDocument>('/docs/json');
  const offered = useMemo(() => {
    const all = doc.data ? aggregateCommands(doc.data) : [];
    return all.filter((c) => targets.some((x) => x.service === c.service && x.allowed?.includes(c.path)));
  }, [doc.data, targets]);
  const [chosen, setChosen] = useState('');
  const [values, setValues] = useState<Record<string, Value>>({});
  const [problem, setProblem] = useState<Error>();
  const [done, setDone] = useState<string>();
  const command = offered.find((c) => c.path === chosen);
  const target = command ? targets.find((x) => x.service === command.service) : undefined;

  const fieldErrors = fieldErrorsOf(problem instanceof ApiError ? problem.problem.errors : undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!command || !target) return;
    setProblem(undefined);
    setDone(undefined);
    const etag = command.ifMatch ? target.etag : undefined;
    try {
      const { data } = await call<{ state?: string }>(commandUrl(command, target.id), {
        method: 'POST',
        body: bodyOf(command, values, target.suggested),
        ...(etag ? { ifMatch: etag } : {}),
      });
      setDone(data?.state ?? '');
      setValues({});
      onDone();
    } catch (error) {
      setProblem(error as Error);
    }
  };

  if (doc.error) return <ProblemView error={doc.error} />;
  return (
    <form class="command" onSubmit={submit}>
      <p class="allowed-now muted">
        {t.allowedNow}:{' '}
        {offered.length === 0
          ? t.noCommandAllowed
          : offered.map((c, i) => (
              <span key={c.path} data-command={c.path}>
                {i > 0 ? ', ' : ''}
                <code>{c.name}</code>
              </span>
            ))}
      </p>
      {offered.length > 0 ? (
        <label>
          {t.command}
          <select
            name="command"
            value={chosen}
            onChange={(e) => {
              setChosen((e.target as HTMLSelectElement).value);
              setValues({});
              setProblem(undefined);
              setDone(undefined);
            }}
          >
            <option value="" />
            {offered.map((c) => (
              <option key={c.path} value={c.path}>
                {c.service} · {c.name} — {c.summary}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {command ? (
        <>
          {command.ifMatch ? (
            <p class="muted if-match">
              If-Match: <code>{target?.etag ?? '—'}</code>
            </p>
          ) : null}
          {Object.entries(command.body.properties ?? {}).map(([name, schema]) => (
            <Field
              key={`${command.path}:${name}`}
              name={name}
              kind={kindOf(schema, target?.suggested?.[name])}
              choices={
                target?.suggested?.[name] ??
                choicesOf(schema) ??
                (schema.items ? choicesOf(schema.items) : null)
              }
              required={(command.body.required ?? []).includes(name)}
              description={schema.description}
              value={values[name]}
              error={fieldErrors.get(name)}
              onChange={(value) => setValues({ ...values, [name]: value })}
              onFile={(file, base64) => {
                const properties = command.body.properties ?? {};
                const next: Record<string, Value> = { ...values, [name]: base64 };
                // The file's own name and type, where the command has such fields left empty.
                if (properties.name && !values.name) next.name = file.name;
                if (properties.mediaType && !values.mediaType && file.type) next.mediaType = file.type;
                setValues(next);
              }}
            />
          ))}
          <button type="submit">{t.send}</button>
        </>
      ) : null}
      {problem ? <ProblemView error={problem} /> : null}
      {problem instanceof ApiError && problem.status === 412 ? (
        // Read the page's parts again: the form then sends the revision now current.
        <button
          type="button"
          class="reload"
          onClick={() => {
            setProblem(undefined);
            onDone();
          }}
        >
          {t.reload}
        </button>
      ) : null}
      {done !== undefined ? (
        <p class="done" role="status">
          {t.recorded} {done ? <code>{done}</code> : null}
        </p>
      ) : null}
    </form>
  );
}
