/* Photo forms on a slow phone: the photo is made smaller in the browser (to the longest side
   the shop keeps, data-upload="1600") before it is sent, and a bar shows the sending. A
   12 MP phone photo of 3-5 MB leaves as ~300 KB. Without this file (or an old browser) the
   form posts the photo as it is, and the server makes it smaller. */
(function () {
  "use strict";
  if (!window.FormData || !window.XMLHttpRequest || !window.createImageBitmap) return;

  function shrink(file, max) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, max / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (done) {
        canvas.toBlob(function (blob) {
          // Keep the original when the browser made nothing smaller.
          done(blob && blob.size < file.size ? blob : file);
        }, "image/jpeg", 0.86);
      });
    }).catch(function () { return file; });
  }

  function send(form, body, bar, note) {
    var request = new XMLHttpRequest();
    request.open("POST", form.getAttribute("action") || location.href);
    request.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      bar.max = event.total;
      bar.value = event.loaded;
      note.textContent = Math.round((100 * event.loaded) / event.total) + "%";
    });
    request.addEventListener("load", function () {
      // The page the post led to (saved: the stall, with its message; else the form with
      // what to correct), shown as it came, at its own address.
      var html = request.responseText;
      var url = request.responseURL;
      document.open();
      document.write(html);
      document.close();
      if (url) history.replaceState(null, "", url);
    });
    request.addEventListener("error", function () { form.removeAttribute("data-upload"); form.submit(); });
    request.send(body);
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var max = parseInt(form.getAttribute("data-upload"), 10) || 1600;
    form.addEventListener("submit", function (event) {
      if (!form.hasAttribute("data-upload")) return;
      var inputs = Array.prototype.filter.call(
        form.querySelectorAll("input[type=file]"), function (input) { return input.files.length; });
      if (!inputs.length) return; // no photo: the usual post
      event.preventDefault();
      var body = new FormData(form);
      if (event.submitter && event.submitter.name) body.append(event.submitter.name, event.submitter.value);
      var progress = form.querySelector(".upload-progress");
      var bar = progress.querySelector("progress");
      var note = progress.querySelector("output");
      progress.hidden = false;
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
      Promise.all(inputs.map(function (input) {
        return shrink(input.files[0], max).then(function (blob) {
          var name = input.files[0].name.replace(/\.[^.]*$/, "") + (blob === input.files[0] ? "" : ".jpg");
          body.set(input.name, blob, blob === input.files[0] ? input.files[0].name : name);
        });
      })).then(function () { send(form, body, bar, note); });
    });
  });
})();
