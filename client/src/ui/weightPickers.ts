/**
 * The landscape's two weight pickers hold only their chosen weight until one is opened: a 1→64→64→1 net's 4 353
 * options in each select cost the page a second of style and layout when the job was opened (measured with a trace).
 */
export function fillPickers(a: HTMLSelectElement, b: HTMLSelectElement, names: readonly string[]): void {
  const option = (i: number) => `<option value="${i}" selected>${names[i]}</option>`;
  for (const [select, chosen] of [[a, 0], [b, 1]] as const) {
    select.innerHTML = names.length > chosen ? option(chosen) : '';
    select.dataset.filled = String(names.length <= 1);
  }
  a.parentElement!.hidden = names.length <= 2;
}

/** Every weight in a picker, once it is opened (pointer, focus or key). */
export function fillPicker(select: HTMLSelectElement, names: readonly string[]): void {
  if (select.dataset.filled === 'true') return;
  const chosen = Number(select.value || 0);
  select.innerHTML = names.map((n, i) => `<option value="${i}"${i === chosen ? ' selected' : ''}>${n}</option>`).join('');
  select.dataset.filled = 'true';
}
