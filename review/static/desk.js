// The desk's actions: each button posts its action with the version the
// editor saw, and says in words what happened. No inline script: the
// page's Content-Security-Policy allows only this file.
"use strict";
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-act]");
  if (!button) return;
  const story = button.closest("article.story");
  const act = button.dataset.act;
  const message = document.getElementById("message");
  const body = { version: Number(story.dataset.version) };
  const reasonInput = story.querySelector(`input[data-for="${act}"]`);
  if (reasonInput) {
    body.reason = reasonInput.value.trim();
    if (!body.reason) {
      message.textContent = `Say why before you ${act} this story.`;
      reasonInput.focus();
      return;
    }
  }
  button.disabled = true;
  let answer;
  try {
    const response = await fetch(`/api/v1/stories/${encodeURIComponent(story.dataset.id)}/${act}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      message.textContent = answer.error ? `Not done: ${answer.error}` : `Not done (${response.status}).`;
      button.disabled = false;
      return;
    }
  } catch (err) {
    message.textContent = "Not done: the desk could not be reached.";
    button.disabled = false;
    return;
  }
  const done = { approve: "approved; publishing", reject: "rejected", restore: "back in the queue", withdraw: "withdrawn" }[act] || act;
  message.textContent = `“${story.querySelector("h2").textContent}” ${done}.`;
  story.remove();
});
