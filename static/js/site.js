// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Move focus to an error summary so screen-reader and keyboard users hear the problems first.
  function focusErrors(root) {
    var summary = root.querySelector && root.querySelector("#error-summary");
    if (summary) summary.focus();
  }

  // Read aloud: the browser's own speech synthesis reads the lesson text at the current level.
  function setupReadAloud(root) {
    var box = root.querySelector && root.querySelector("[data-read-aloud]");
    if (!box || !window.speechSynthesis || typeof window.SpeechSynthesisUtterance !== "function") return;
    var speak = box.querySelector("[data-speak]");
    var pause = box.querySelector("[data-pause]");
    var stop = box.querySelector("[data-stop]");
    var source = document.querySelector("[data-read-source]");
    var synth = window.speechSynthesis;
    box.hidden = false;
    function show(playing) {
      pause.hidden = !playing;
      stop.hidden = !playing;
      speak.textContent = playing ? "Restart" : "Read aloud";
    }
    function text() {
      var parts = [];
      source.querySelectorAll("h2, p, li").forEach(function (el) {
        var clone = el.cloneNode(true);
        clone.querySelectorAll(".term-meaning, .refs").forEach(function (x) { x.remove(); });
        if (!el.classList.contains("refs")) parts.push(clone.textContent.trim());
      });
      return parts.join(". ");
    }
    speak.addEventListener("click", function () {
      synth.cancel();
      var utterance = new SpeechSynthesisUtterance(text());
      utterance.lang = document.documentElement.lang || "en";
      utterance.addEventListener("end", function () { show(false); });
      synth.speak(utterance);
      show(true);
    });
    pause.addEventListener("click", function () {
      if (synth.paused) { synth.resume(); pause.textContent = "Pause"; }
      else { synth.pause(); pause.textContent = "Resume"; }
    });
    stop.addEventListener("click", function () { synth.cancel(); show(false); pause.textContent = "Pause"; });
  }

  // Share: the phone's own share sheet where there is one, otherwise copy the link.
  function setupShare(root) {
    root.querySelectorAll && root.querySelectorAll("[data-share]").forEach(function (button) {
      if (button.hasAttribute("data-share-ready")) return;
      button.setAttribute("data-share-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var url = button.getAttribute("data-share");
        var status = document.getElementById(button.getAttribute("aria-controls") || "");
        if (navigator.share && button.hasAttribute("data-native")) {
          navigator.share({ title: document.title, url: url }).catch(function () {});
          return;
        }
        var done = function () { if (status) status.textContent = "Link copied."; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(url).then(done, function () { fallbackCopy(url); done(); });
        } else { fallbackCopy(url); done(); }
      });
    });
  }
  function fallbackCopy(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "visually-hidden";
    document.body.appendChild(field);
    field.select();
    try { document.execCommand("copy"); } catch (e) { /* the link is still shown on the page */ }
    field.remove();
  }

  // After the lesson text changes level in place, mark the chosen level without moving focus.
  function markLevel(root) {
    var level = root.getAttribute && root.getAttribute("data-level");
    if (!level) return;
    document.querySelectorAll(".level-switch a[data-level]").forEach(function (link) {
      if (link.getAttribute("data-level") === level) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  // After a dose is marked in place, move focus to its new state so it is read out.
  function focusDoseState(elt) {
    var state = elt && elt.querySelector && elt.querySelector("[data-dose-state]");
    if (state) state.focus();
  }

  // Start a time zone list at the phone's own zone, unless someone already chose one.
  function guessTimeZone(root) {
    root.querySelectorAll && root.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
      if (select.value) return;
      var zone = "";
      try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
      for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.selectedIndex = i; return; }
      }
    });
  }

  // Print buttons: shown only where the browser can print from a button.
  function setupPrint(root) {
    root.querySelectorAll && root.querySelectorAll("[data-print]").forEach(function (button) {
      if (typeof window.print !== "function") return;
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function enhance(root) {
    guessTimeZone(root); focusErrors(root); setupReadAloud(root); setupShare(root); setupPrint(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (window.speechSynthesis) window.speechSynthesis.cancel();
    // A whole new page body (a result, or a form with errors): start reading at its top.
    if (event.detail.target && event.detail.target.id === "main") {
      var main = event.detail.target;
      if (!main.querySelector("#error-summary")) main.focus({ preventScroll: true });
    }
    markLevel(event.detail.elt);
    // An outerHTML swap replaces the target, so look the card up again by its id.
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("dose")) {
      focusDoseState(document.getElementById(target.id));
    }
    // Another month of the dose history: start reading at its heading.
    if (target && target.id === "month") {
      var title = document.querySelector("#month [data-month-title]");
      if (title) title.focus();
    }
    enhance(event.detail.elt.parentNode || document);
  });
  // Printed pages show every source, even ones folded away on screen.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
