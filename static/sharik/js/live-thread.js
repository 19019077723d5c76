// Live comment threads: a small enhancement over server-rendered pages. Without JavaScript, or
// with the socket down, the page works as is; with it, new, edited and hidden comments and the
// counter appear without reload. After a reconnect the client catches up over HTTP, inserting
// only what it has not shown yet (comments are keyed by id, so nothing appears twice).
(function () {
  "use strict";
  var thread = document.querySelector("[data-live-thread]");
  if (!thread || !("WebSocket" in window)) return;

  var key = thread.getAttribute("data-live-thread");
  var language = thread.getAttribute("data-language");
  var sinceUrl = thread.getAttribute("data-since-url");
  var lastId = parseInt(thread.getAttribute("data-last-id") || "0", 10);
  var list = thread.querySelector("[data-comments]");
  var counter = thread.querySelector("[data-comment-count]");
  var retry = 0;

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function place(id, parentId, html) {
    var element = fragment(html);
    if (!element) return;
    var existing = document.getElementById("comment-" + id);
    if (existing) {
      // Keep the replies already shown under a top-level comment.
      var oldReplies = existing.querySelector("[data-replies-for]");
      var newReplies = element.querySelector("[data-replies-for]");
      if (oldReplies && newReplies) newReplies.replaceWith(oldReplies);
      existing.replaceWith(element);
      return;
    }
    var container = parentId
      ? document.querySelector('[data-replies-for="' + parentId + '"]')
      : list;
    if (!container) return; // the parent is on another page of the thread
    var empty = list.querySelector("[data-empty]");
    if (empty) empty.remove();
    container.appendChild(element);
    element.classList.add("comment--new");
    if (id > lastId) lastId = id;
  }

  function setCount(count) {
    if (counter && typeof count === "number") counter.textContent = "(" + count + ")";
  }

  function catchUp() {
    return fetch(sinceUrl + "?after=" + lastId, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.comments.forEach(function (c) { place(c.id, c.parent_id, c.html); });
        setCount(data.comment_count);
      })
      .catch(function () {});
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/threads/" + key + "/" + language + "/");
    socket.onopen = function () {
      // Whatever was posted between the page's rendering (or the last drop) and now.
      catchUp();
      retry = 0;
      thread.setAttribute("data-live", "on");
    };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === "counter") {
        document.querySelectorAll('[data-live-counter="' + event.name + '"]').forEach(function (el) {
          if (el.tagName === "PROGRESS") el.value = event.value;
          else el.textContent = event.value;
        });
        return;
      }
      if (event.html) place(event.comment_id, event.parent_id, event.html);
      setCount(event.comment_count);
    };
    socket.onclose = function (closing) {
      thread.setAttribute("data-live", "off");
      if (closing.code >= 4400 && closing.code < 4500) return; // refused: do not insist
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * Math.pow(2, retry) + Math.random() * 500);
    };
  }

  connect();
})();
