/* "Print" links on printable pages (labels, invoices, receipts, the packing list). */
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-print]");
  if (!link) return;
  event.preventDefault();
  window.print();
});
