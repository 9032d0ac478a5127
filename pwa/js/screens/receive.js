/**
 * `#/receive` paste a link, for who cannot scan: an offer goes to `#/offer?…`, a request to
 * share data to `#/present?…` (links.js decides which, and refuses anything else).
 */

import { classifyLink } from '../links.js';
import { errorMessage } from '../messages.js';
import { errorRegion, h, locale, show, t } from '../ui.js';

export function receiveScreen() {
  const error = errorRegion('link-fout');
  const input = h('input', {
    id: 'link', name: 'link', type: 'url', required: true, autocomplete: 'off', spellcheck: 'false',
    class: 'utrecht-textbox utrecht-textbox--html-input wallet-input-large', 'aria-describedby': 'link-uitleg link-fout',
  });
  const form = h('form', { class: 'utrecht-form', novalidate: true },
    h('div', { class: 'utrecht-form-field' },
      h('label', { class: 'utrecht-form-label', for: 'link' }, t('paste_label')),
      h('p', { class: 'utrecht-paragraph', id: 'link-uitleg' }, t('paste_text')),
      input),
    error.element,
    h('div', { class: 'regie-actions' },
      h('button', { type: 'submit', class: 'utrecht-button utrecht-button--primary-action regie-button-large' }, t('paste_submit'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let target;
    try {
      target = classifyLink(input.value);
    } catch (failure) {
      input.setAttribute('aria-invalid', 'true');
      error.say(errorMessage(failure, locale));
      input.focus();
      return;
    }
    location.hash = target.route;
  });
  show(
    h('h1', { class: 'utrecht-heading-1' }, t('paste_heading')),
    form,
    h('p', { class: 'utrecht-paragraph' }, h('a', { class: 'utrecht-link', href: '#/' }, t('back_home'))),
  );
}
