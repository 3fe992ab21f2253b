// congvan review page: link field cards to their boxes on the scan. No inline scripts (CSP).
(function () {
  "use strict";
  function showPage(n) {
    document.querySelectorAll(".page").forEach(function (p) {
      p.classList.toggle("shown", p.dataset.page === String(n));
    });
    document.querySelectorAll("[data-show-page]").forEach(function (a) {
      a.classList.toggle("current", a.dataset.showPage === String(n));
    });
  }
  function focusField(card, scroll) {
    var name = card.dataset.field;
    document.querySelectorAll(".box.active, .field.active").forEach(function (el) { el.classList.remove("active"); });
    card.classList.add("active");
    if (card.dataset.page) { showPage(card.dataset.page); }
    var box = document.querySelector('.box[data-field="' + CSS.escape(name) + '"]');
    if (box) {
      box.classList.add("active");
      if (scroll) { box.scrollIntoView({ block: "center", behavior: "smooth" }); }
    }
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("[data-show-page]");
    if (link) { ev.preventDefault(); showPage(link.dataset.showPage); return; }
    var card = ev.target.closest(".field");
    if (card && !ev.target.closest("form, details")) { focusField(card, true); }
  });
  document.addEventListener("mouseover", function (ev) {
    var card = ev.target.closest(".field");
    if (card && !card.classList.contains("active")) { focusField(card, false); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var id = decodeURIComponent(location.hash.replace(/^#/, ""));
    var card = id && document.getElementById(id);
    if (card && card.classList.contains("field")) { focusField(card, true); card.scrollIntoView({ block: "start" }); }
  });
})();
