/* TokoDesa progressive enhancement. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Cart: quantity and remove forms update the cart in place.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-fragment")) return;
    event.preventDefault();
    var body = new FormData(form);
    if (event.submitter && event.submitter.name) body.append(event.submitter.name, event.submitter.value);
    fetch(form.action, { method: "POST", body: body, headers: { "X-Fragment": "1" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        var cart = document.getElementById("cart");
        var focused = document.activeElement && document.activeElement.id;
        cart.outerHTML = html;
        var old = document.querySelector("main > .messages");
        if (old) old.remove();
        var again = focused && document.getElementById(focused);
        if (again) again.focus();
        var count = document.getElementById("cart-count");
        var fresh = document.getElementById("cart");
        if (count && fresh) count.textContent = fresh.getAttribute("data-count");
      })
      .catch(function () { form.removeAttribute("data-fragment"); form.submit(); });
  });

  // Address: choosing a province loads its regencies, and so on down to the village.
  var levels = ["province", "regency", "district", "village"];
  function select(level) { return document.getElementById("id_" + level); }
  levels.slice(0, 3).forEach(function (level, index) {
    var parent = select(level);
    if (!parent) return;
    parent.addEventListener("change", function () {
      levels.slice(index + 1).forEach(function (below) {
        var child = select(below);
        child.length = 1;
        child.value = "";
      });
      if (!parent.value) return;
      var child = select(levels[index + 1]);
      fetch(parent.form.getAttribute("data-regions") + "?induk=" + encodeURIComponent(parent.value))
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.regions.forEach(function (region) {
            var option = new Option(region.name, region.code);
            option.setAttribute("data-postal", region.postal_code || "");
            child.add(option);
          });
          child.focus();
        });
    });
  });
  var village = select("village");
  if (village) {
    village.addEventListener("change", function () {
      var postal = document.getElementById("id_postal_code");
      var chosen = village.options[village.selectedIndex];
      if (postal && !postal.value && chosen) postal.value = chosen.getAttribute("data-postal") || "";
      // Delivery options and prices depend on the address: let the server price them.
      if (village.value && document.getElementById("pengiriman")) {
        var form = village.form;
        var refresh = document.createElement("input");
        refresh.type = "hidden"; refresh.name = "refresh"; refresh.value = "village";
        form.appendChild(refresh);
        form.action = form.action.split("#")[0] + "#id_street";
        form.submit();
      }
    });
  }
})();

/* Copy buttons (bank account numbers, amounts): shown only when the browser can copy. */
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "✓";
      });
    });
  });
})();
