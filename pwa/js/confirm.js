/**
 * A two-step action for what cannot be undone (delete a card, the history): a large button;
 * pressed, it makes way for the question with "yes" and "no". The question gets focus, so a
 * screen reader reads it; "no" puts the button back and focus on it.
 */

import { failedScreen, h } from './ui.js';

const LARGE = 'utrecht-button regie-button-large';
const DANGER = `${LARGE} utrecht-button--primary-action utrecht-button--danger`;

/** `{label, question, yes, no, onConfirm, name}`: the element to put on the screen. */
export function confirmStep({ label, question, yes, no, onConfirm, name = 'delete', describedBy = null }) {
  const area = h('div', { class: 'wallet-confirm', 'data-confirm': name });
  const start = h('button', { type: 'button', class: DANGER, 'aria-describedby': describedBy, 'data-action': name }, label);
  const ask = () => {
    const text = h('p', { class: 'utrecht-paragraph', tabindex: '-1' }, question);
    const yesButton = h('button', { type: 'button', class: DANGER, 'data-action': `${name}-yes` }, yes);
    const noButton = h('button', { type: 'button', class: `${LARGE} utrecht-button--secondary-action`, 'data-action': `${name}-no` }, no);
    yesButton.addEventListener('click', async () => {
      yesButton.disabled = true;
      noButton.disabled = true;
      try {
        await onConfirm();
      } catch (failure) {
        console.error(failure);
        failedScreen(failure);
      }
    });
    noButton.addEventListener('click', () => {
      area.replaceChildren(start);
      start.focus();
    });
    area.replaceChildren(h('div', { class: 'utrecht-alert utrecht-alert--warning wallet-confirm__question' },
      h('div', { class: 'utrecht-alert__content' },
        h('div', { class: 'utrecht-alert__message' }, text, h('div', { class: 'regie-actions' }, yesButton, noButton)))));
    text.focus();
  };
  start.addEventListener('click', ask);
  area.append(start);
  return area;
}
