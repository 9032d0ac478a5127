// The RP page: poll the transaction's status (no personal data), go on when the wallet has
// answered (the result page says what came of it: the data, nothing shared, or why the answer
// was refused), show a fresh QR code when this one has expired.
const box = document.getElementById("presentation");
if (box) {
  const secret = box.dataset.pollSecret;
  const deadline = Date.now() + Number(box.dataset.expiresIn) * 1000;
  const tick = async () => {
    if (Date.now() > deadline) { window.location.reload(); return; }
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { "X-Poll-Secret": secret } });
      const { status } = await response.json();
      if (["responded", "declined", "failed"].includes(status)) { document.getElementById("result-form").submit(); return; }
      if (status === "expired") { window.location.reload(); return; }
    } catch (error) { /* try again */ }
    setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}
