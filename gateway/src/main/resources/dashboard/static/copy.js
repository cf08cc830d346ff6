// The dashboard's copy buttons: a button with data-copy="<id>" copies the text of the element with
// that id to the clipboard. Served from /dashboard/static/ under the page's Content-Security-Policy
// (script-src 'self'): no inline script, no inline handler.
'use strict';

document.addEventListener('DOMContentLoaded', function () {
	document.querySelectorAll('button[data-copy]').forEach(function (button) {
		button.hidden = false;
		button.addEventListener('click', function () {
			var source = document.getElementById(button.getAttribute('data-copy'));
			if (!source) {
				return;
			}
			var label = button.textContent;
			var done = function (text) {
				button.textContent = text;
				setTimeout(function () {
					button.textContent = label;
				}, 2000);
			};
			if (navigator.clipboard && window.isSecureContext) {
				navigator.clipboard.writeText(source.textContent).then(function () {
					done('Copied');
				}, function () {
					done('Copy failed: select the text');
				});
			}
			else {
				var range = document.createRange();
				range.selectNodeContents(source);
				var selection = window.getSelection();
				selection.removeAllRanges();
				selection.addRange(range);
				done(document.execCommand('copy') ? 'Copied' : 'Selected: press Ctrl+C');
			}
		});
	});
});
