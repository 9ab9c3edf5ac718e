// The desk's behaviour: actions that post with the version the editor saw
// and say in words what happened, edit forms, live arrival of new stories
// (server-sent events), and the keyboard. No inline script: the page's
// Content-Security-Policy allows only this file.
"use strict";

const message = (text) => {
  const m = document.getElementById("message");
  if (m) m.textContent = text;
};

async function post(id, act, body) {
  let response;
  try {
    response = await fetch(`/api/v1/stories/${encodeURIComponent(id)}/${act}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, error: "the desk could not be reached" };
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    return { ok: false, error: answer.error || `the desk answered ${response.status}` };
  }
  return { ok: true, story: answer };
}

const done = {
  approve: "approved; publishing",
  reject: "rejected",
  restore: "back in the queue",
  withdraw: "withdrawn",
  edit: "saved as a new version",
  correct: "corrected; publishing the correction",
};

async function act(story, name, button) {
  const body = { version: Number(story.dataset.version) };
  const reasonInput = story.querySelector(`input[data-for="${name}"]`);
  if (reasonInput) {
    body.reason = reasonInput.value.trim();
    if (!body.reason) {
      message(`Say why before you ${name} this story.`);
      reasonInput.focus();
      return;
    }
  }
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
  if (button) button.disabled = true;
  const result = await post(story.dataset.id, name, body);
  if (button) button.disabled = false;
  const headline = (story.querySelector("h1, h2") || {}).textContent || "The story";
  if (!result.ok) {
    message(`Not done: ${result.error}`);
    return;
  }
  message(`“${headline.trim()}” ${done[name] || name}.`);
  if (story.classList.contains("storypage")) {
    setTimeout(() => window.location.reload(), 600);
  } else {
    const next = story.nextElementSibling;
    story.remove();
    if (next && next.matches("article.story")) select(next);
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-act]");
  if (!button) return;
  act(button.closest("article"), button.dataset.act, button);
});

// Edit and correct forms post the fields that changed.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.edit");
  if (!form) return;
  event.preventDefault();
  const story = form.closest("article");
  const body = { version: Number(story.dataset.version) };
  for (const field of ["headline", "summary", "body_text", "note"]) {
    const input = form.elements[field];
    if (input && input.value !== input.defaultValue) body[field] = input.value;
  }
  if (form.elements.note) body.note = form.elements.note.value;
  const tags = form.elements.tags;
  if (tags && tags.value !== tags.defaultValue) {
    body.tags = tags.value.split(",").map((t) => t.trim()).filter(Boolean);
  }
  const result = await post(story.dataset.id, form.dataset.act, body);
  if (!result.ok) {
    message(`Not saved: ${result.error}`);
    return;
  }
  message(`Saved: ${done[form.dataset.act]}.`);
  setTimeout(() => window.location.reload(), 600);
});

// The keyboard, on the queue.
let selected = null;
function select(story) {
  if (!story) return;
  if (selected) selected.classList.remove("selected");
  selected = story;
  story.classList.add("selected");
  story.focus({ preventScroll: true });
  story.scrollIntoView({ block: "nearest" });
}

function move(step) {
  const stories = [...document.querySelectorAll("article.story")];
  if (!stories.length) return;
  const at = stories.indexOf(selected);
  select(stories[Math.min(Math.max(at + step, 0), stories.length - 1)] || stories[0]);
}

document.addEventListener("keydown", (event) => {
  const help = document.getElementById("help");
  if (event.key === "Escape" && help && !help.hidden) {
    help.hidden = true;
    return;
  }
  const typing = event.target.closest("input, textarea, select");
  if (typing) {
    // Enter in a reason field does the action it is for.
    if (event.key === "Enter" && event.target.dataset.for) {
      event.preventDefault();
      act(event.target.closest("article"), event.target.dataset.for, null);
    }
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const open = () => selected && (window.location.href = selected.querySelector("h2 a").href);
  switch (event.key) {
    case "j": move(1); break;
    case "k": move(-1); break;
    case "o": case "Enter": open(); break;
    case "a": if (selected && selected.querySelector('[data-act="approve"]')) act(selected, "approve", null); break;
    case "r": {
      const reason = selected && selected.querySelector('input[data-for="reject"]');
      if (reason) reason.focus();
      break;
    }
    case "e": if (selected) window.location.href = selected.querySelector("h2 a").href + "#edit"; break;
    case "/": { const q = document.getElementById("q"); if (q) q.focus(); break; }
    case "?": if (help) help.hidden = !help.hidden; break;
    default: return;
  }
  event.preventDefault();
});

// New stories arrive without a reload on the queued tab.
const list = document.getElementById("stories");
if (list && list.dataset.status === "queued" && window.EventSource) {
  const source = new EventSource("/api/v1/events");
  let fresh = 0;
  source.addEventListener("story", (event) => {
    const story = JSON.parse(event.data);
    const shown = document.getElementById(`s-${story.id}`);
    if (shown && Number(shown.dataset.version) >= story.version) return;
    if (shown) shown.remove(); // a new version replaces the old at the top
    fresh++;
    const note = document.getElementById("arrived");
    note.hidden = false;
    note.querySelector("a").textContent = `${fresh} new ${fresh === 1 ? "story" : "stories"} arrived — show ${fresh === 1 ? "it" : "them"}`;
    // The newest is shown at once, at the top, as a link to its page.
    const item = document.createElement("article");
    item.className = "story arrived-story";
    item.id = `s-${story.id}`;
    item.dataset.id = story.id;
    item.dataset.version = story.version;
    item.tabIndex = -1;
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = `${story.agency} · ${story.feed} · v${story.version} · just arrived${story.version > 1 ? " (update)" : ""}`;
    const h2 = document.createElement("h2");
    const a = document.createElement("a");
    a.href = `/stories/${encodeURIComponent(story.id)}`;
    a.textContent = story.headline; // text, never markup: story text is hostile
    h2.appendChild(a);
    const summary = document.createElement("p");
    summary.textContent = story.summary;
    item.append(meta, h2, summary);
    list.prepend(item);
  });
}
