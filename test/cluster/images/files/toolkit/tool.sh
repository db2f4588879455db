#!/bin/sh
# An executable in the toolkit fixture: cp must keep its mode.
echo "cg-debug toolkit fixture tool"
