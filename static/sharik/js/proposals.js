// Proposals: maps (the list's map, a proposal's place, the place picker of the form) and the
// "similar proposals" hint while typing a title. Everything here is an enhancement: without
// JavaScript the form works with the arrondissement alone and the map page lists the places.
(function () {
  "use strict";

  // The map's controls speak the page's language: the template passes their labels as data
  // attributes (data-zoom-in, data-zoom-out, data-attribution-prefix, data-close-label); a missing
  // one keeps Leaflet's English. On a right-to-left page the zoom buttons sit at the logical start
  // (top right) and the attribution at the end (bottom left).
  function makeMap(element) {
    var center = element.getAttribute("data-center").split(",").map(Number);
    var rtl = window.getComputedStyle(element).direction === "rtl";
    // The fallback shown without JavaScript (the place in words, a link to the list) gives way.
    element.querySelectorAll("[data-map-fallback]").forEach(function (fallback) {
      fallback.parentNode.removeChild(fallback);
    });
    var map = L.map(element, { scrollWheelZoom: false, zoomControl: false, attributionControl: false })
      .setView(center, Number(element.getAttribute("data-zoom")));
    var zoom = { position: rtl ? "topright" : "topleft" };
    if (element.hasAttribute("data-zoom-in")) zoom.zoomInTitle = element.getAttribute("data-zoom-in");
    if (element.hasAttribute("data-zoom-out")) zoom.zoomOutTitle = element.getAttribute("data-zoom-out");
    L.control.zoom(zoom).addTo(map);
    L.control.attribution({ position: rtl ? "bottomleft" : "bottomright" }).addTo(map);
    if (element.hasAttribute("data-attribution-prefix")) {
      var library = document.createElement("a");
      library.href = "https://leafletjs.com";
      library.textContent = element.getAttribute("data-attribution-prefix");
      map.attributionControl.setPrefix(library.outerHTML);
    }
    var closeLabel = element.getAttribute("data-close-label");
    if (closeLabel) {
      map.on("popupopen", function (event) {
        var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
        if (close) {
          close.setAttribute("aria-label", closeLabel);
          close.title = closeLabel;
        }
      });
    }
    L.tileLayer(element.getAttribute("data-tiles"), {
      maxZoom: 19,
      attribution: element.getAttribute("data-attribution"),
    }).addTo(map);
    return map;
  }

  function dot(latlng) {
    return L.circleMarker(latlng, { radius: 9, color: "#063d2e", weight: 2, fillColor: "#f2b632", fillOpacity: 0.9 });
  }

  if (window.L) {
    document.querySelectorAll("[data-map]").forEach(function (element) {
      var map = makeMap(element);
      if (element.hasAttribute("data-marker")) {
        dot(map.getCenter()).addTo(map);
      }
      // A map of many places names the script holding them (proposals, plan projects).
      var pointsScript = document.getElementById(element.getAttribute("data-points") || "");
      if (pointsScript) {
        var points = JSON.parse(pointsScript.textContent);
        var bounds = [];
        points.forEach(function (point) {
          var link = document.createElement("a");
          link.href = point.url;
          link.textContent = point.title;
          dot([point.lat, point.lng]).bindPopup(link).addTo(map);
          bounds.push([point.lat, point.lng]);
        });
        if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30] });
      }
      if (element.hasAttribute("data-picker")) {
        var latitude = document.getElementById("id_latitude");
        var longitude = document.getElementById("id_longitude");
        var marker = null;
        function place(latlng) {
          if (marker) marker.setLatLng(latlng); else marker = dot(latlng).addTo(map);
          latitude.value = latlng.lat.toFixed(6);
          longitude.value = latlng.lng.toFixed(6);
        }
        if (latitude.value && longitude.value) {
          place(L.latLng(Number(latitude.value), Number(longitude.value)));
          map.setView(marker.getLatLng(), 16);
        }
        map.on("click", function (event) { place(event.latlng); });
        // The button does something only with the map: a form may hide it until the map is there.
        var clear = document.querySelector("[data-clear-location]");
        if (clear) {
          clear.hidden = false;
          clear.addEventListener("click", function () {
            if (marker) { map.removeLayer(marker); marker = null; }
            latitude.value = ""; longitude.value = "";
          });
        }
      }
    });
  }

  // Tags already used: a click adds the tag to the field (one shared vocabulary).
  var tagsInput = document.getElementById("id_tags");
  document.querySelectorAll("[data-tag]").forEach(function (button) {
    button.addEventListener("click", function () {
      var current = tagsInput.value.split(",").map(function (t) { return t.trim(); }).filter(Boolean);
      var tag = button.getAttribute("data-tag");
      if (current.indexOf(tag) === -1) current.push(tag);
      tagsInput.value = current.join(", ");
    });
  });

  var title = document.querySelector("[data-similar-proposals]");
  var box = document.querySelector("[data-similar-results]");
  if (title && box && window.fetch) {
    var timer = null;
    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = box.getAttribute("data-url") + "?title=" + encodeURIComponent(title.value);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            var list = box.querySelector("ul");
            list.textContent = "";
            data.results.forEach(function (result) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = result.url;
              link.target = "_blank";
              link.textContent = result.title;
              item.appendChild(link);
              item.appendChild(document.createTextNode(" (" + result.supports + ")"));
              list.appendChild(item);
            });
            box.hidden = data.results.length === 0;
          })
          .catch(function () {});
      }, 350);
    });
  }
})();
