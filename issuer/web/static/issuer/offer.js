// The offer page's countdown (progressive enhancement: without it, the page says how long the
// code is valid, and reloading shows whether it has expired). No inline script: strict CSP.
const offer = document.getElementById("aanbod");
const expired = document.getElementById("verlopen");
const countdown = document.querySelector("[data-countdown]");

if (offer && expired && countdown) {
  const secondsLeft = Number.parseInt(offer.dataset.secondsLeft ?? "0", 10);
  const deadline = performance.now() + secondsLeft * 1000; // the server's clock, not the phone's
  const template = countdown.dataset.template ?? "{time}";

  const tick = () => {
    const left = Math.max(0, Math.round((deadline - performance.now()) / 1000));
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    countdown.textContent = template.replace("{time}", `${minutes}:${seconds}`);
    if (left === 0) {
      offer.hidden = true;
      expired.hidden = false;
      return;
    }
    window.setTimeout(tick, 500);
  };
  tick();
}
