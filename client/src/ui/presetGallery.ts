import { presetsKo } from '../i18n/content';
import { language, t } from '../i18n/i18n';
import type { Preset, TrainRequest } from '../types';
import { requestSummary } from './requestSummary';

/** The lectures as cards: each run button starts that experiment; a card with several runs can start them all side by side. */
export function renderPresetGallery(
  root: HTMLElement,
  presets: readonly Preset[],
  run: (preset: Preset, request: TrainRequest) => void,
  compareAll: (preset: Preset) => void,
): void {
  root.replaceChildren(
    ...presets.map((preset) => {
      const card = document.createElement('article');
      card.className = 'preset';
      card.dataset.preset = preset.id;
      const heading = document.createElement('h3');
      heading.innerHTML = `<span class="lecture">${preset.lecture}</span> `;
      // The page's language leads; the other title stays beneath (the notes are Korean, many readers are not).
      const korean = language() === 'ko';
      heading.append(korean ? preset.titleKo : preset.title);
      // The other language's title beneath, only in English (the notes' own Korean title); a Korean page stays Korean.
      const other = document.createElement('p');
      other.className = 'ko';
      other.lang = 'ko';
      other.textContent = korean ? '' : preset.titleKo;
      other.hidden = korean;
      const description = document.createElement('p');
      description.className = 'hint';
      const ko = korean ? presetsKo[preset.id] : undefined;
      description.textContent = ko?.description ?? preset.description;
      const buttons = document.createElement('div');
      buttons.className = 'runs';
      preset.runs.forEach((r, i) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = preset.runs.length === 1 ? t('preset.run') : (ko?.labels?.[i] ?? r.label);
        button.dataset.run = String(i);
        button.title = requestSummary(r.request);
        button.addEventListener('click', () => run(preset, r.request));
        buttons.append(button);
      });
      if (preset.runs.length > 1) {
        const all = document.createElement('button');
        all.type = 'button';
        all.className = 'compare-all';
        all.textContent = t('preset.compareAll', { count: preset.runs.length });
        all.addEventListener('click', () => compareAll(preset));
        buttons.append(all);
      }
      card.append(heading, other, description, buttons);
      return card;
    }),
  );
}
